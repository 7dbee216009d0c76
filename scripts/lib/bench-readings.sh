#!/usr/bin/env bash
# What bounds each of docs/PERFORMANCE.md's ratios — written by hand from
# profiles (perf record -g on the host under the job's load) and the design;
# scripts/bench prints it into the report. Update it when a profile changes.
cat <<'EOF'
## Reading: what bounds each ratio

Written by hand from profiles and hand runs (the dated hand sections at the end of this report);
`scripts/bench` prints it into the report. Update it when a profile changes.

1. **Catalogue listing.** nginx sends a cached file with `sendfile` from an event loop, about
   12,800 instructions per page (job 8). The host renders each card's JSON text once per
   snapshot and builds a page by concatenating 25 of those texts with the `meta` object. It
   answers `ETag` and `If-None-Match` (304), and sends the header and the body in one
   `sendBuffer`, with no output stream. That is about 106,000 instructions per page. The last
   profile was taken before `sendBuffer` and has not been repeated. It put a quarter of them in
   copies of the 20 KB page: card texts into the page, the page into the `HttpResponse`. The
   rest went to Poco's request parsing (the header map, `Poco::URI`, the lower-cased copy of the
   headers the router is handed) and to `malloc`/`free`. Poco's `HTTPServer` runs a thread per
   connection: 16 threads on 2 cores, beside the client. Next steps, not done:
   - keep the whole body of the common pages per snapshot;
   - hand the plugin's buffer to the socket without a copy;
   - put an event-loop server in front of the router.
2. **Redeem end to end.** The floor (`bench-redeem-floor`) is one durable reserve transaction,
   one create over a kept-alive TLS connection and one durable update. A redemption does more:
   - an idempotency probe and a quote;
   - the reserve (debit, ledger row, redemption row and its history row);
   - the create;
   - storing the create's answer;
   - the reconciler's lease and its poll of the order over HTTPS (`bench-redeem` has webhooks
     off, `poll.after_s` 1);
   - storing the outcome.

   That is about 20 SQL statements and 5 commits against the floor's 2. The host's CPU is what
   is busy. On SQLite each pooled connection of the sample host keeps its compiled statements
   (the host's own Poco::Data connector, `caching_connector.h`): one redemption's database work
   is 1.61 M instructions, was 2.78 M when Poco compiled every execution (writecost job; 1.40 M
   before a lease read each state's due rows on its own: four short reads where one sorted). The
   floor runs on the same connections and gained too, so the ratio moved less than the rate
   (~450 → ~600/s). What remains is SQLite executing the statements, `malloc`/`free`, and the
   HTTPS create and poll. On PostgreSQL Poco still prepares, describes and deallocates every
   statement: four round trips where one would do. Poco's `StatementExecutor` cannot be run
   again after a failed execution (it frees its last result and keeps the pointer), so a cache
   there needs the host's own libpq executor and extractor. Next step, not done.
3. **Webhook acknowledgement.** An acknowledgement is:
   - a signature check;
   - sealing the body (AES-GCM);
   - one durable insert through the host's SQLite writer queue. The writers waiting together
     share one COMMIT, and each is answered only after it.

   The limit (B) is one thread per insert with the writer to itself and no HTTP. The insert
   limit's p99 (86 ms) is longer than the acknowledgements' (17 ms), because B's inserts each
   wait their own fsync. The plugin's work per acknowledgement is 278,000 instructions (410,000
   before the statement cache, 322,000 before the crypto's per-call look-ups went): Poco's JSON
   parser 123,000, the insert 102,000. It is not what bounds the rate: cutting 14 % of it moved
   nothing, and a profile found the machine 31 % idle. What bounds it is the one SQLite
   writer, busy 9.6 s of 11 s, 55 % of that in `COMMIT`: the host writes ~19.5 KB (about five
   pages) per acknowledged event, and the event's row is written twice more when the applier claims and
   marks it (hand section "the acknowledgement's crypto"). An event that changes nothing no
   longer takes a writer transaction to be applied (+6 % acknowledgements). Fewer pages per
   event is the next step. The applier applies a claimed batch on up to four threads, so it keeps up
   with the events, and that CPU is taken in the same seconds as the acknowledgements. With one
   thread it deferred the same work: acknowledgements ~2,100/s, but the known redemptions'
   events were applied only ~3 s later. With four threads: ~1,440/s, applied within 0.1 s (hand
   section "recovery's polls").
4. **Recovery.** Exactly one create per redemption, 2.00 calls each. The wall time is bounded
   by the webhook pipeline: in a 3,000-redemption run the creates' answers were stored at
   ~420/s and the "fulfilled" webhooks applied at ~280–400/s (hand section "the
   acknowledgement's crypto"), so a faster reconciler only turns webhooks into polls. That
   pipeline shares the one SQLite writer. A recovered redemption costs about six write transactions: its
   share of a lease, the lookup's answer, the create's answer, two webhook acknowledgements and
   their two applications. A hand run's metrics counted ~1,650 commits/s, with the host at about
   one core of the two and no thread busy on its own (each group commit is led by whichever
   writer comes first). The wall time stayed the same, within the noise, with 16 or 64
   reconciler drivers, 4 or 8 applier threads, and 16 or 64 simulator webhook threads. Until
   migration 008, every lease also sorted every due row on that writer: thousands after an
   outage. Next steps, not done: fewer transactions per recovered row (the lookup's "absent"
   stored with the create's answer; a claimed batch of events applied in one transaction).
5. **Memory.** Loaded: one copy of each card, its JSON text in one buffer, plus the compact
   fields the filters and quotes need (`rewards::GiftCard` made on demand). At most 2 malloc
   arenas, set by the host (`docs/operations.md`, Memory). A 512 KiB page cache per SQLite
   connection. The growth after warm-up is the pool's connections filling their bounded page
   caches as the database file grows, at most `pool_max` × 512 KiB, plus the arenas' free lists.
6. **Warm start.** The stored catalogue holds the built snapshot (texts, index, pricing
   fingerprint) in parts of 256 KiB. A start checks its age first; one older than the TTL is
   never served. It then reads the parts, one at a time, into one buffer of the whole ~18 MB
   that asks for transparent huge pages, and `Restore` views the texts, names and ids in that
   buffer: nothing is folded, sorted, priced, rendered or copied again. On SQLite the row keeps
   the built form's size before the 11 MB of records (migration 010), so reading it no longer
   walks their overflow pages, and a save empties the write-ahead log, so a host stopped right
   after one does not start by recovering ~30 MB of log (hand section "the warm start without
   the log's recovery"). What bounds the restart now (its log lines, and a profile):
   - the host's own start, 25–40 ms to a stale restart's first answer: exec and ~40 shared
     libraries (16–20 ms for `loyalty-host --help`, 776 page faults; a program linked to the
     same libraries and doing nothing takes 17–18 ms, 11.5 ms without `libpq` and the ~20
     libraries it loads), TLS context, pool, migrations;
   - reading the parts, 13–45 ms (median ~20): SQLite reads each 4 KiB page with its own call
     (11–16 ms), and in some starts 20 ms more, in the copy into the fresh buffer or, when that
     memory is prefaulted on the other core, in SQLite's reads: the first touch of memory this
     virtual machine has not backed yet, which the host cannot avoid.

   Before (one value of 18 MB): SQLite and then Poco each made a buffer of the whole size, and
   the first touch of their ~9,000 fresh 4 KiB pages was most of the read (~3.6 µs a page on
   this virtual machine); `Restore` then copied the texts into a third (15–23 ms). Next steps,
   not done: load the PostgreSQL connector only when it is configured (~6 ms of every start); a
   memory map for that one read (`PRAGMA mmap_size`: 6 ms less in a prototype, but a disk error
   under a map is a signal, not an error).
7. **Metrics.** A scrape renders the registry's text under its lock. At 10 scrapes per second
   the listing and the redeem path are within the noise (ratios about 1.0).
8. **Instructions.** Counted with callgrind, so they do not depend on the machine's load. Per
   catalogue page (host against nginx), per webhook acknowledgement, per reserve, and for one
   redemption's database work. Readings 1–3 say where they go.
EOF
