"""jobstory: from customer conversations to defensible job stories and a backlog."""

__version__ = "0.1.0"
