"""Review a night in the real console window: the replay bar, its scrubber and decisions."""
