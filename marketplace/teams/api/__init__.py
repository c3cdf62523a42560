"""REST API of team formation (routes in marketplace/teams/urls.py)."""
