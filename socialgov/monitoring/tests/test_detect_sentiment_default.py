"""`socialgov detect spikes` judges mentions with the analysis engine by default."""


def test_the_spike_command_scores_german_mentions_with_the_engine():
    from socialgov.engine.detectors.engine_sentiment import engine_sentiment
    from socialgov.engine.detectors.mention_sentiment import lexicon_sentiment
    from socialgov.monitoring.management.commands.detect import DEFAULT_SENTIMENT_FN

    text = "Das ist eine Katastrophe, ich bin sehr enttäuscht"
    assert lexicon_sentiment(text) == 0.0  # the detectors' own word list knows no German
    assert DEFAULT_SENTIMENT_FN.endswith("engine_sentiment.engine_sentiment")
    assert engine_sentiment(text) < -0.4
