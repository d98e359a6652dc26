from cophub.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
