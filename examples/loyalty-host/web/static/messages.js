// What a refusal means for the member, as one plain sentence that says what
// to do. Unknown codes fall back to the host's own message.
export function refusalSentence(err) {
  const b = err.body || {};
  switch (err.code) {
    case 'price_changed':
      return `The price of this gift card has changed to ${Number(b.points).toLocaleString('en-US')} points. Check the new price and press Redeem again if you still want it.`;
    case 'insufficient_points':
      return 'You do not have enough points for this gift card. Choose a smaller value or collect more points first.';
    case 'card_unavailable':
    case 'denomination_unavailable':
      return 'This gift card is not available at the moment. Please choose another card.';
    case 'missing_member_field':
      return `This gift card needs your ${String(b.fields || 'details').replace(/_/g, ' ')}. Fill it in above, save, and press Redeem again.`;
    case 'invalid_member_field':
      return `Your ${String(b.fields || 'details').replace(/_/g, ' ')} holds characters we cannot send. Correct it above, save, and press Redeem again.`;
    case 'temporarily_unavailable':
      return 'Gift cards are temporarily unavailable. Your points are safe; please try again in a minute.';
    case 'rate_limited':
    case 'resend_cooldown':
      return `Too many requests. Please wait ${b.retry_after_s || 'a few'} seconds and try again.`;
    case 'unauthenticated':
      return 'Your session has ended. Please sign in again.';
    case 'invalid_credentials':
      return 'That member ID and password do not match. Check them and try again.';
    case 'sign_in_locked':
      return `Too many failed sign-ins. Please wait ${Math.ceil((b.retry_after_s || 900) / 60)} minutes and try again.`;
    case 'invalid_member':
      return 'Some details are not valid: ' + (b.problems || []).map((p) => p.message).join('; ') + '.';
    case 'network':
      return 'The server cannot be reached. Check your connection and try again.';
    case 'internal_error':
      return 'Something went wrong on our side. Your points are safe; please try again later.';
    default:
      return err.message || 'Something went wrong. Please try again.';
  }
}
