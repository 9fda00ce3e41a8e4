-- Choosing pilot hubs has a deadline (issue 11, item 3): the policy's window from the start of the pilot, after which a
-- silent supplier's participation ends as NO_CHOICE (undecided, like an opt-out) and no longer holds up the pilot.
ALTER TABLE firmware_release ADD COLUMN pilot_choice_window VARCHAR(16);
ALTER TABLE supplier_participation DROP CONSTRAINT ck_participation_choice;
ALTER TABLE supplier_participation ADD CONSTRAINT ck_participation_choice
    CHECK (choice IN ('PILOT', 'OPT_OUT', 'WHOLE_ESTATE', 'NO_CHOICE'));
