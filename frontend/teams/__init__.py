"""Team-formation pages (routes in frontend/teams/urls.py)."""
