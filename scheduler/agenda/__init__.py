"""The bridge between the database and the scheduling engine: the problem of a B2B session
read from the database (``problem.session_problem``) and the engine's result written back
(``apply.apply_result``). Operations only: they flush, never commit, and import no Flask."""
