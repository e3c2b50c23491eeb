"""The demo workspace: a believable, deterministic station made of fake people."""
