"""The REST kit every API package builds on (marketplace, teams, payments, collab, chat):
serializers that refuse unknown input, the acting user of a request, the pagination and the
error handler DRF is configured with. It lives outside the endpoint packages so that those
are imported by URL modules only."""
