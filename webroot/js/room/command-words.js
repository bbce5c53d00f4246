// A&I Live – what each live command does, in words, for the room's error messages: "Could not
// pause the timer: …".

export const DOING = {
  'meeting.open': 'open the meeting',
  'meeting.start': 'start the meeting',
  'meeting.end': 'end the meeting',
  'meeting.observerAccess': 'change what observers see',
  'timer.start': 'start the timer',
  'timer.pause': 'pause the timer',
  'timer.resume': 'resume the timer',
  'timer.extend': 'add time',
  'timer.next': 'move to the next item',
  'item.defer': 'defer the item',
  'item.withdraw': 'withdraw the item',
  'item.standIn': 'change who presents the case',
  'timer.back': 'go back to the previous item',
  'agenda.setMinutes': 'change the minutes',
  'agenda.shareRemaining': 'share the remaining time',
  'attendance.mark': 'record attendance',
  'attendance.markConnected': 'mark everyone connected as remote',
  'attendance.markRestAbsent': 'mark everyone else absent',
  'attendance.confirm': 'confirm the register',
  'hand.raise': 'raise your hand',
  'hand.lower': 'lower the hand',
  'hand.next': 'take the next hand',
  'hand.clear': 'clear the queue',
  'contribution.add': 'add the contribution',
  'contribution.edit': 'edit the contribution',
  'contribution.withdraw': 'withdraw the contribution',
  'contribution.hide': 'hide the contribution',
  'case.highlight': 'point to that section',
  'case.edit': 'save the case summary',
  'action.propose': 'volunteer the action',
  'action.revise': 'revise the action',
  'action.confirm': 'confirm the action',
  'action.return': 'return the action',
  'action.proposeClose': 'put the closure to the partners',
  'action.object': 'object to the closure',
  'action.close': 'close the action',
};

/** The words for a command type (the type itself for one without words). */
export const doing = (type) => DOING[type] ?? type;
