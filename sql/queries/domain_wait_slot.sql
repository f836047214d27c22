-- Wait (in the server's lock queue) for a given concurrency slot of a host.
SELECT pg_advisory_lock(hashtext(%(host)s), %(slot)s);
