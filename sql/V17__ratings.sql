-- Satisfaction ratings: one per ticket, given by a signed link in the closing mail or by replying a
-- number 1-5 to it. A second rating updates the first. The agent and category are the ticket's when
-- the rating came (a closed ticket keeps them), so the scores stay with who did the work.
CREATE TABLE IF NOT EXISTS rating (
    ticket_id    VARCHAR(14)   NOT NULL,
    score        INTEGER       NOT NULL,
    comment_text VARCHAR(2000),
    agent        VARCHAR(320),
    category     VARCHAR(100),
    via          VARCHAR(10)   NOT NULL,
    rated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT rating_pk PRIMARY KEY (ticket_id),
    CONSTRAINT rating_ticket_fk FOREIGN KEY (ticket_id) REFERENCES ticket (id),
    CONSTRAINT rating_score_ck CHECK (score BETWEEN 1 AND 5)
);
CREATE INDEX IF NOT EXISTS rating_agent_idx ON rating (agent);
CREATE INDEX IF NOT EXISTS rating_category_idx ON rating (category);
