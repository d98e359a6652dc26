"""Settings for the test suite: the production settings with two test-only changes.

- A fast password hasher: every persona is created with a password, and PBKDF2 costs
  about half a second each; MD5 is fine for throwaway test accounts and nowhere else.
- Jobs run in the request that enqueues them (after its transaction commits), so a test
  sees a job's effect without a worker; the worker tests start real worker processes
  with the database backend (cophub/jobs/tests/).
"""

import os

os.environ.setdefault("TASKS_BACKEND", "immediate")

from cophub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
