"""The channel register: every account the organisation uses, with one accountable owner.

What it holds: channels (`models/channel.py`) with their security posture, access grants and
periodic access reviews (`models/access.py`), employees' linked private accounts and
discovered lookalike accounts (`models/accounts.py`).

Hooks for other apps:
- `socialgov.channels.sections.register_channel_section`: add a section (risks, alerts) to
  the channel page.
- `socialgov.channels.jobs.SCHEDULE` / `run_daily(today)`: the periodic review work, as plain
  functions for an executor; `socialgov channel_reviews` runs it from cron.
- `socialgov.channels.services.impersonation_reported`: sent when a lookalike is triaged as an
  impersonation, for the incidents app.
- `socialgov.channels.feeds`: channels and consented linked accounts for monitoring jobs.
- `socialgov.channels.handles.normalise_handle` / `profile_url`: one spelling per account, for
  connectors and detectors (pure Python).
"""
