"""Pages of the challenge marketplace (issue #3): browse and search, the challenge page with
its NDA gate, the authoring wizard, proposals, judging, awards, the good-practice library,
starter kits and notifications. One module per concept; every view asks marketplace.access
and calls one model method or service."""
