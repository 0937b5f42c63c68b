"""A brand's own voice for the compromise bench: what an organisation's accounts post.

A brand account does not post random people's tweets: its community managers announce
products and events, answer customers, apologise for outages and share news, in a narrow
vocabulary of their own. The history here is built from those kinds of posts, each a template
with its slots filled at random (products, places, days, numbers, people), so no two accounts
share a vocabulary and most posts are not repeated word for word. A share of real neutral and
positive tweets (XLM-T train rows) is mixed in, as the replies and reposts in the community's
own words that every account also has, so the vocabulary is not unrealistically closed.

The templates were written for the account kinds below, before and without reading the
vandalism tweets (TweetEval validation rows) the bench injects.
"""

from __future__ import annotations

import random

PRODUCTS = {
    "acme_be": ["ACME Flex", "ACME Home", "the ACME app", "ACME Pro", "our fibre plan", "ACME TV"],
    "acme_care": [
        "your order",
        "your delivery",
        "your invoice",
        "your account",
        "the app",
        "your refund",
    ],
    "acme_ceo": ["our teams", "our strategy", "our results", "the energy transition", "our people"],
}
PLACES = [
    "Brussels",
    "Antwerp",
    "Ghent",
    "Liège",
    "Leuven",
    "Namur",
    "Bruges",
    "Mechelen",
    "Charleroi",
]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "this weekend", "next week"]
DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "ce week-end", "la semaine prochaine"]
NAMES = ["Sarah", "Tom", "Inès", "Pieter", "Amina", "Luc", "Sofie", "Karim", "Elise", "Jan"]
INITIALS = ["^JS", "^MV", "^LD", "^AK", "^TB", ""]

EN = {
    "acme_be": [
        "Meet {product} at our stand in {place} {day}, we would love to see you there",
        "New: {product} now comes with {number} GB more at no extra cost",
        "Our shop in {place} is open again after the works. Come and say hello",
        "Thanks to the {number} of you who joined us in {place} yesterday!",
        "Planned maintenance on {product} {day} between 1 and 5 am. Thanks for your patience",
        "We are hiring in {place}: {number} new jobs in customer service and IT",
        "{product} wins this year's customer choice award. Thank you all",
        "Tip of the week: how to get the most out of {product} in three steps",
        "Read how {name} from our {place} team helps local clubs go digital",
        "Our spring offer on {product} ends {day}. Details on our site",
        "We are sorry for the disruption on {product} this morning. Everything works again",
        "Happy to support the {place} marathon again this year with {number} volunteers",
    ],
    "acme_care": [
        "Hi {name}, sorry to hear that. Could you send us a DM with {product} number? {initials}",
        "Hi {name}, thanks for waiting. We have checked {product} and it is on its way {initials}",
        "Sorry for the trouble with {product}, {name}. A colleague will call you {day} {initials}",
        "Hello {name}, you can change {product} settings in the app under Profile {initials}",
        "Thanks {name}, glad we could help! Enjoy the rest of your day {initials}",
        "Hi {name}, we are aware of a delay with {product} and are working on it {initials}",
        "We are seeing longer waiting times today. Our chat is open until 8 pm {initials}",
        "Hi {name}, could you tell us a bit more so we can look into {product}? {initials}",
        "Apologies {name}, that should not have happened. We have refunded the costs {initials}",
        "Good news {name}: {product} has been updated. Tell us if anything is missing {initials}",
    ],
    "acme_ceo": [
        "Proud of {product} in {place} today. {number} years of working together",
        "Great conversation with students in {place} about the future of work",
        "Our results are in: growth in every region, thanks to {product}",
        "Visited the {place} site {day}. Impressed by what {name} and the team built",
        "Honoured to speak at the {place} business forum about {product}",
        "We invest {number} million in training for {product} over the next three years",
        "Thank you to all our customers for your trust this year",
        "Reading about leadership this week. What book would you recommend?",
    ],
}
FR = {
    "acme_be": [
        "Retrouvez {product} sur notre stand à {place} {day}, au plaisir de vous y voir",
        "Nouveau : {product} avec {number} Go en plus, sans frais supplémentaires",
        "Notre magasin de {place} est à nouveau ouvert après les travaux",
        "Merci aux {number} personnes venues nous voir à {place} hier !",
        "Maintenance prévue sur {product} {day} entre 1 h et 5 h. Merci de votre patience",
        "Nous recrutons à {place} : {number} postes au service clients et en informatique",
        "Nous sommes désolés pour la perturbation de {product} ce matin. Tout fonctionne à nouveau",
        "Notre offre de printemps sur {product} se termine {day}. Détails sur notre site",
    ],
    "acme_ceo": [
        "Fier de {product} à {place} aujourd'hui. {number} ans de collaboration",
        "Belle rencontre avec des étudiants à {place} sur l'avenir du travail",
        "Visite du site de {place} {day}. Bravo à {name} et à toute l'équipe",
        "Merci à tous nos clients pour leur confiance cette année",
    ],
}


def brand_post(account: str, language: str, rng: random.Random) -> str:
    """One post in the account's own voice (English where it has no template in the language)."""
    templates = (FR if language == "fr" else EN).get(account) or EN[account]
    days = DAYS_FR if language == "fr" else DAYS_EN
    return (
        rng.choice(templates)
        .format(
            product=rng.choice(PRODUCTS[account]),
            place=rng.choice(PLACES),
            day=rng.choice(days),
            number=rng.choice([2, 3, 5, 10, 12, 20, 25, 50, 100, 150, 250]),
            name=rng.choice(NAMES),
            initials=rng.choice(INITIALS),
        )
        .strip()
    )
