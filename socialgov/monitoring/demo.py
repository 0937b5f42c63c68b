from socialgov.core.demo import register_demo_builder  # noqa: F401
