// Writes the web tests' catalogue: the simulator's fixture, with the first
// card's texts holding markup characters (they must show as text).
import { readFileSync, writeFileSync } from 'node:fs';

const [from, to] = process.argv.slice(2);
const cards = JSON.parse(readFileSync(from, 'utf8'));
cards[0].terms_and_conditions =
  'Valid 12 months. <b>Not</b> exchangeable for cash & "never" resold.\n<script>alert(1)</script> &amp; <i>more</i>';
cards[0].description = 'Use it <em>online</em> & in stores — 100% <safe>.';
writeFileSync(to, JSON.stringify(cards));
