"""Synthesis: conversations in, JTBD codes, themes and job stories out, each traceable to words."""
