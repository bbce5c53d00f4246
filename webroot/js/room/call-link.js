// A&I Live – the meeting's video-call link in the room (R13). The server gives the link
// (GET /api/meetings/{id}, callUrl) only to members who take part, never to observers, and not once
// the meeting has closed. It is pushed at a member attending remotely – a "Join the call" link in the
// header – when the register marks them remote, or when they came in on a join link and are not marked
// in the room. Anyone else who has it (in the room, or not marked yet) finds it folded away under
// "Video call" in the header, never pushed at them.

/** Where the link goes for this member: 'pushed', 'details', or 'none' (no link, or none for them). */
export function callLinkPlacement({ callUrl, status, markStatus, viaJoinLink }) {
  if (typeof callUrl !== 'string' || !callUrl.startsWith('https://') || status === 'closed') return 'none';
  if (markStatus === 'remote') return 'pushed';
  if (viaJoinLink && markStatus !== 'in_room') return 'pushed';
  return 'details';
}

export function createCallLinkView({ member }, doc = document) {
  const pushed = doc.getElementById('call-push');
  const pushedLink = doc.getElementById('call-push-link');
  const details = doc.getElementById('call-details');
  const detailsLink = doc.getElementById('call-details-link');

  /** `info`: the meeting from REST (its callUrl); `model`: the live state (status, register). */
  function render(info, model) {
    const callUrl = info?.callUrl || null;
    const placement = callLinkPlacement({
      callUrl,
      status: model?.meeting?.status ?? info?.status,
      markStatus: model?.attendance?.get(member?.id)?.status,
      viaJoinLink: Boolean(member?.meetingScope),
    });
    pushed.hidden = placement !== 'pushed';
    details.hidden = placement !== 'details';
    pushed.dataset.placement = placement;
    for (const link of [pushedLink, detailsLink]) {
      if (callUrl) link.href = callUrl; else link.removeAttribute('href');
    }
  }

  return { render };
}
