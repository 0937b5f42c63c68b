"""Stream-level detectors: pure Python, no Django imports.

- `spikes`: surges in mention volume, negative volume or negative share per brand or channel,
  against a seasonal baseline that warms up from little history (`SpikeDetector`).
- `impersonation`: profiles that imitate a protected identity (`ImpersonationIndex`), built on
  `confusables` (name folding, edit distance) and `phash` (avatar perceptual hashes).
- `compromise`: the organisation's own accounts posting unlike themselves (`CompromiseDetector`).
- `usage`: working-hours social media use per org unit from proxy logs, pseudonymised and
  aggregated (`UsageAggregator`).
- `streams`: JSON-lines input read one line at a time; bad lines are reported by number.
- `sentiment`: the hook the spike detector calls for mentions without a `sentiment` field.

Every detector takes plain records in time order and returns plain results; the management
commands `detect` and `usage` replay files through them, and the monitoring pipeline is meant
to call the same classes.
"""
