-- What a redemption remembers about doubt (plugin/redemption/redemption_transitions.h):
-- uncertain    1 once any create attempt ended without a definite answer, so
--              a later rejection is no proof that Ascenda holds no order;
-- rejected_at  when such a rejection came (epoch ms): the points go back only
--              after a lookup at least ascenda.submit.confirm_after_s later
--              still finds no order;
-- last_attempt_at  when the last create attempt without an answer was made
--              (epoch ms): a parked redemption is created again only
--              ascenda.submit.parked_retry_s after it.
ALTER TABLE ascenda_redemptions ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0
  CHECK (uncertain IN (0, 1));
ALTER TABLE ascenda_redemptions ADD COLUMN rejected_at INTEGER;
ALTER TABLE ascenda_redemptions ADD COLUMN last_attempt_at INTEGER;
