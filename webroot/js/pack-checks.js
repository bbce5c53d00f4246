// A&I Live – the partners' checks before the meeting: the words for each answer, in one place for
// the pack (where a partner gives theirs), the room (beside the case in focus) and the prep page.

export const CHECK_LABELS = {
  known: 'Known to us',
  not_known: 'Not known to us',
  attending: 'We will attend for this case',
};

/** The longest update the server takes (PackCheck.UPDATE_MAX). */
export const UPDATE_MAX = 1000;

export const checkLabel = (answer) => CHECK_LABELS[answer] ?? answer;

/** "2 of 5 key agencies have answered" for a case's checks (GET …/pack-checks). */
export function answeredText(checks) {
  const k = checks?.keyAgencies;
  if (!k || !k.total) return 'No key agencies are set for these needs.';
  return `${k.answered} of ${k.total} key agenc${k.total === 1 ? 'y has' : 'ies have'} answered the pack check.`;
}
