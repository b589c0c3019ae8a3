"""The load benchmark: ``python -m scheduler.loadbench``.

It loads the demo event scaled to a few thousand participants into a PostgreSQL database on
this machine, serves it with gunicorn (``scheduler/gunicorn_conf.py``) on 127.0.0.1 with Redis,
and drives it from this process with an asyncio client: attendees signed in through their
emailed links browse, register and request meetings, beside a trivial endpoint (``/healthz``).
"""
