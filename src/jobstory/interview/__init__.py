"""The interview moderator: specificity scoring, neutral probes, and the next turn."""
