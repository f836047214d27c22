-- One of a host's concurrency slots, as a session advisory lock (released on unlock or disconnect).
SELECT pg_try_advisory_lock(hashtext(%(host)s), %(slot)s);
