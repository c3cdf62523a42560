"""Payments with Stripe: funded prizes, Connect payouts to winners and teams, paid assignments
and stipends, refunds. Only `stripe_api` imports the Stripe SDK; fulfilment happens in
`webhooks`."""
