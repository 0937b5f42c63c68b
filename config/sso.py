"""The SAML service provider's settings for allauth, built from the environment's few values.

A function, so that the tests configure their loopback IdP exactly as production is.
"""

from typing import Any


def saml_app(
    *,
    name: str,
    slug: str,
    entity_id: str,
    sso_url: str,
    x509cert: str,
    verified_domains: list[str],
) -> dict[str, Any]:
    return {
        "name": name,
        # The slug in the service provider's URLs (/accounts/saml/<slug>/acs/ ...).
        "client_id": slug,
        "settings": {
            "idp": {"entity_id": entity_id, "sso_url": sso_url, "x509cert": x509cert},
            "attribute_mapping": {
                "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id", "uid"],
                "email": [
                    "urn:oid:0.9.2342.19200300.100.1.3",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
                    "email",
                    "mail",
                ],
                "email_verified": ["email_verified"],
                "first_name": ["urn:oid:2.5.4.42", "givenName"],
                "last_name": ["urn:oid:2.5.4.4", "sn"],
            },
            # A SAML assertion rarely says whether the address was verified: the domains whose
            # addresses the organisation's directory vouches for (none: only an explicit
            # email_verified attribute counts).
            "verified_email": verified_domains or False,
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
            },
        },
    }
