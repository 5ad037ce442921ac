"""Deliver: from job stories to the backlog (ask the data, lint, user stories, exports, MCP)."""
