"""The detector stage of the pipeline: stored, analysed posts → stream detectors → alerts,
discovered accounts and KRI values. `stage.detect_pending` runs one batch; see its docstring
for how it stays idempotent and crash-safe."""
