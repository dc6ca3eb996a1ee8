"""The Outbox: signed files waiting to be sent, their progress and receipts."""
