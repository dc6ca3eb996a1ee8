"""Open Badges 3.0 credentials (W3C VC 2.0) signed with `eddsa-rdfc-2022`, baked into PNG and SVG, verified offline.

Rooms: `contexts` (the shipped JSON-LD contexts, nothing fetched), `didkey` (Ed25519 keys as
`did:key`), `rdfc` (the Data Integrity proof), `terms` (only defined terms), `credential` (what a
badge says), `baking` (PNG iTXt and SVG), `verify` (all of it, offline).
"""
