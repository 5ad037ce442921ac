"""Deliver: from job stories to the backlog (ask the data, lint, user stories, exports, MCP).

Entry points, each a plain function over an analysis or a story (the CLI, the web and the MCP
server all call these):

- `delivery.lint.lint(text, evidence=None)`: a job story's findings (JS01-JS10), each with
  code, span and a rewrite; `lint_analysis(analysis)` for a study's stories with evidence.
- `delivery.userstories.user_stories(text)` / `job_story(text)`: job story -> candidate user
  stories with Given/When/Then, and a user story -> the job story it implies.
- `delivery.export.export(load(target), fmt)`: Markdown, JSON, Jira, GitHub, Linear, themes
  CSV, REFI-QDA .qdpx.
"""
