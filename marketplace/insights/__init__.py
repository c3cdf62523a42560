"""Insight into the marketplace for the people who run innovation programmes: aggregates in
SQL (one query per figure), briefly cached, with small cells suppressed so that nothing can be
re-identified. Pages live in frontend/dashboards; this package knows no HTTP."""
