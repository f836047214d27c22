SELECT pg_advisory_unlock(hashtext(%(host)s), %(slot)s);
