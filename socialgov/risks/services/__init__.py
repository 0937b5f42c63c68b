from socialgov.risks.services.kri import kri_create, kri_record_metric, kri_record_value, kri_update
from socialgov.risks.services.register import (
    channel_risk_apply_control,
    channel_risk_create,
    channel_risk_remove_control,
    channel_risk_rescore,
    channel_risk_update,
    risk_settings_set_matrix,
)
from socialgov.risks.services.treatment import (
    risk_accept,
    risk_acceptance_withdraw,
    risk_acceptances_expire,
    risk_treatment_plan,
    risk_treatments_escalate,
)
from socialgov.risks.services.wizard import WizardProposal, risk_wizard_apply, risk_wizard_proposals

__all__ = [
    "WizardProposal",
    "channel_risk_apply_control",
    "channel_risk_create",
    "channel_risk_remove_control",
    "channel_risk_rescore",
    "channel_risk_update",
    "kri_create",
    "kri_record_metric",
    "kri_record_value",
    "kri_update",
    "risk_accept",
    "risk_acceptance_withdraw",
    "risk_acceptances_expire",
    "risk_settings_set_matrix",
    "risk_treatment_plan",
    "risk_treatments_escalate",
    "risk_wizard_apply",
    "risk_wizard_proposals",
]
