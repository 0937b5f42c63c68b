"""The analysis engine's reasons (its `Reason` keys) as translatable templates: the engine
stays free of Django and translations, and a finding's reason reads in the reader's language.
Parameters are what the engine saw (words of the post, handles, domains, counts)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialgov.core.texts import register

register(
    {
        "engine.complaint.about": _("customer complaint about %(cues)s"),
        "engine.complaint.negative_tone": _("customer complaint (negative tone)"),
        "engine.complaint.none": _("no complaint"),
        "engine.sentiment.negative": _("negative tone"),
        "engine.sentiment.neutral": _("neutral tone"),
        "engine.sentiment.positive": _("positive tone"),
        "engine.sentiment.negative_words": _("negative tone (%(words)s)"),
        "engine.sentiment.neutral_words": _("neutral tone (%(words)s)"),
        "engine.sentiment.positive_words": _("positive tone (%(words)s)"),
        "engine.toxicity.category.insult": _("insult"),
        "engine.toxicity.category.threat": _("threat"),
        "engine.toxicity.category.identity_attack": _("identity attack"),
        "engine.toxicity.category.profanity": _("profanity"),
        "engine.toxicity.word": _("%(category)s: '%(word)s'"),
        "engine.toxicity.no_single_word": _("no single word"),
        "engine.toxicity.reported": _("quotes or reports abuse rather than attacking"),
        "engine.toxicity.offensive": _("offensive language (%(categories)s)"),
        "engine.toxicity.hateful": _("hateful language (%(categories)s)"),
        "engine.toxicity.hateful_any": _("hateful language"),
        "engine.toxicity.hateful_at": _("hateful language aimed at '%(target)s'"),
        "engine.toxicity.none": _("no offensive language"),
    }
)

register(
    {
        "engine.compromise.scam": _("reads like a scam (%(words)s)"),
        "engine.compromise.repeat": _("same text posted %(count)s times within 15 minutes"),
        "engine.compromise.profile_change": _("profile changed %(hours)s h before (%(what)s)"),
        "engine.compromise.profile_change_any": _("profile changed %(hours)s h before"),
        "engine.compromise.abuse": _("abusive language (%(words)s)"),
        "engine.compromise.episode": _("follows a suspected takeover post within the hour"),
        "engine.compromise.episode_same_client": _(
            "follows a suspected takeover post within the hour from the same client app"
        ),
        "engine.compromise.cadence": _(
            "%(count)s posts within 15 minutes (usually at most %(usual)s)"
        ),
        "engine.compromise.hour": _(
            "posted at %(hour)s:00 UTC, an hour this account rarely uses (%(share)s%% of posts)"
        ),
        "engine.compromise.source_never": _(
            "client app '%(app)s' never used before (usually %(usual)s)"
        ),
        "engine.compromise.source_rarely": _(
            "client app '%(app)s' rarely used before (usually %(usual)s)"
        ),
        "engine.compromise.language_never": _("language '%(language)s' never used before"),
        "engine.compromise.language_rarely": _("language '%(language)s' rarely used before"),
        "engine.compromise.domain": _("links to a new domain %(domains)s"),
        "engine.compromise.domains": _("links to new domains %(domains)s"),
        "engine.compromise.new_mentions": _("mentions never used before: %(items)s"),
        "engine.compromise.new_hashtags": _("hashtags never used before: %(items)s"),
        "engine.compromise.topic_unlike": _(
            "wording unlike the account's posts (%(percent)s%% new words)"
        ),
        "engine.compromise.topic_unusual": _(
            "wording unusual for the account (%(percent)s%% new words)"
        ),
        "engine.compromise.length": _("length %(length)s characters is unusual for the account"),
        "engine.compromise.toxicity": _(
            "offensive language (toxicity %(score)s; 99%% of the account's posts at most %(usual)s)"
        ),
        "engine.compromise.tone": _(
            "hostile tone unlike the account (negativity %(negativity)s, toxicity %(toxicity)s; "
            "99%% of the account's posts at most %(usual_negativity)s and %(usual_toxicity)s)"
        ),
        "engine.compromise.mass_mentions": _(
            "%(count)s accounts mentioned (99%% of the account's posts mention at most %(usual)s)"
        ),
        "engine.compromise.profile_changes": _(
            "profile changed %(count)s times in 24 h, last %(hours)s h before (%(what)s)"
        ),
        "engine.compromise.deletions": _(
            "%(count)s posts deleted within an hour in the 24 h before"
        ),
    }
)

register(
    {
        "engine.impersonation.handle": _("handle"),
        "engine.impersonation.display_name": _("display name"),
        "engine.impersonation.same": _("same %(what)s '%(name)s'"),
        "engine.impersonation.case": _(
            "%(what)s '%(name)s' is '%(protected)s' with other case or separators"
        ),
        "engine.impersonation.homoglyph": _(
            "%(what)s '%(name)s' reads as '%(protected)s' (look-alike characters)"
        ),
        "engine.impersonation.affix": _(
            "%(what)s '%(name)s' is '%(protected)s' with '%(added)s' added"
        ),
        "engine.impersonation.one_edit": _("%(what)s '%(name)s' is one edit from '%(protected)s'"),
        "engine.impersonation.misspelt": _(
            "%(what)s '%(name)s' is '%(protected)s' misspelt, with '%(added)s'"
        ),
        "engine.impersonation.two_edits": _(
            "%(what)s '%(name)s' is two edits from '%(protected)s'"
        ),
        "engine.impersonation.reordered": _(
            "display name '%(name)s' is '%(protected)s' with titles or word order changed"
        ),
        "engine.impersonation.contains": _("%(what)s '%(name)s' contains '%(protected)s'"),
        "engine.impersonation.avatar": _(
            "avatar looks copied (perceptual hash %(bits)s/64 bits apart)"
        ),
        "engine.impersonation.domain": _("links to look-alike domain %(domain)s"),
        "engine.impersonation.young": _("account created %(days)s days ago"),
        "engine.impersonation.name_copy": _("copies the display name; the account is %(signs)s"),
        "engine.impersonation.sign.unverified": _("unverified"),
        "engine.impersonation.sign.weeks_old": _("weeks old"),
        "engine.impersonation.sign.newer": _("newer than the genuine account"),
        "engine.impersonation.sign.followers": _("with %(count)s followers"),
        "engine.impersonation.sign.fewer_followers": _(
            "with fewer followers than the genuine account"
        ),
        "engine.impersonation.fan": _("declares itself a fan, parody or unofficial account"),
        "engine.impersonation.cross_platform": _(
            "%(reason)s (on %(platform)s, protected on %(protected_platform)s)"
        ),
        "engine.impersonation.name_and_bio": _(
            "copies the display name and the bio (%(percent)s%%)"
        ),
        "engine.impersonation.bio": _("bio copied (%(percent)s%% of word pairs shared)"),
    }
)

register(
    {
        "engine.secrets.private_key": _("private key block"),
        "engine.secrets.aws_access_key": _("AWS access key id"),
        "engine.secrets.aws_secret_key": _("AWS secret access key"),
        "engine.secrets.github_token": _("GitHub token"),
        "engine.secrets.gitlab_token": _("GitLab token"),
        "engine.secrets.slack_token": _("Slack token"),
        "engine.secrets.slack_webhook": _("Slack webhook URL"),
        "engine.secrets.google_api_key": _("Google API key"),
        "engine.secrets.stripe_key": _("Stripe secret key"),
        "engine.secrets.openai_key": _("OpenAI API key"),
        "engine.secrets.anthropic_key": _("Anthropic API key"),
        "engine.secrets.sendgrid_key": _("SendGrid API key"),
        "engine.secrets.twilio_key": _("Twilio API key"),
        "engine.secrets.azure_storage_key": _("Azure storage account key"),
        "engine.secrets.jwt": _("JSON web token"),
        "engine.secrets.telegram_bot_token": _("Telegram bot token"),
        "engine.secrets.url_credentials": _("password inside a URL"),
        "engine.secrets.password": _("password written in the post"),
        "engine.secrets.api_key": _("API key or token written in the post"),
    }
)

register(
    {
        "engine.personal_data.email_address": _("e-mail address"),
        "engine.personal_data.iban_code": _("bank account number (IBAN, checksum valid)"),
        "engine.personal_data.be_national_number": _(
            "Belgian national register number (checksum valid)"
        ),
        "engine.personal_data.credit_card": _("payment card number (%(issuer)s, Luhn valid)"),
        "engine.personal_data.ipv4_address": _("IPv4 address"),
        "engine.personal_data.ipv6_address": _("IPv6 address"),
        "engine.personal_data.phone_number": _("phone number"),
        "engine.personal_data.person": _("person name after a title or introduction"),
        "engine.confidential.label": _("classification label '%(label)s'"),
        "engine.confidential.watch_list": _("watch-listed name '%(term)s'"),
    }
)
