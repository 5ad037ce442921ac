"""Learn: researcher decisions as events, replayed on every re-analysis, teaching the coder."""
