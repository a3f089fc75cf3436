"""The behaviour snapshot of issue 16: every bot on every pack, step by step (see .record)."""
