"""The web platform: researcher workspace, participant interview pages, job-oriented JSON API."""
