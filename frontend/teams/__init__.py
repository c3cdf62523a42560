"""Team-formation pages (routes in frontend/urls_teams.py)."""
