"""Know-your-customer submissions: documents kept with their type, size and digest."""

from __future__ import annotations

import dataclasses
import hashlib

from . import errors
from .base import Aggregate, verb
from .entities import Attributes, KycFile, KycSubmission, ReviewStatus


def kyc_file(field: str, filename: str, content_type: str, data: bytes) -> KycFile:
    return KycFile(field, filename, content_type, len(data), hashlib.sha256(data).hexdigest(), data)


class Kyc(Aggregate):
    """Know-your-customer submissions. Owns ``WorldState.kyc``."""


    @verb
    def submit_kyc(self, tenant_id: int, fields: Attributes, files: tuple[KycFile, ...]) -> KycSubmission:
        """File a submission. While one is pending it is replaced; after approval none is taken."""
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        latest = self._latest_kyc(tenant_id)
        if latest is not None and latest.status is ReviewStatus.APPROVED:
            raise errors.KycAlreadyApproved("KYC already approved", tenant_id=tenant_id)
        if latest is not None and latest.status is ReviewStatus.PENDING:
            del self._state.kyc[latest.id]
        submission = KycSubmission(self._ids.next("kyc"), tenant_id, dict(fields), files,
                                   submitted_at=self._stamp())
        self._state.kyc[submission.id] = submission
        return submission

    def _latest_kyc(self, tenant_id: int) -> KycSubmission | None:
        mine = [k for k in self._state.kyc.values() if k.tenant_id == tenant_id]
        return mine[-1] if mine else None

    @verb
    def latest_kyc(self, tenant_id: int) -> KycSubmission | None:
        return self._latest_kyc(tenant_id)

    @verb
    def get_kyc(self, kyc_id: int) -> KycSubmission:
        try:
            return self._state.kyc[kyc_id]
        except KeyError:
            raise errors.KycNotFound("no such KYC submission", kyc_id=kyc_id) from None

    @verb
    def list_kyc(self, status: ReviewStatus | None = None) -> list[KycSubmission]:
        return [k for k in self._state.kyc.values() if status is None or k.status is status]

    @verb
    def review_kyc(self, kyc_id: int, *, approve: bool, reason: str = "") -> KycSubmission:
        submission = self.get_kyc(kyc_id)
        if submission.status is not ReviewStatus.PENDING:
            raise errors.KycNotPending("KYC submission already decided", kyc_id=kyc_id)
        decided = dataclasses.replace(
            submission, status=ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED,
            decided_at=self._stamp(), reason=reason,
        )
        self._state.kyc[kyc_id] = decided
        return decided
