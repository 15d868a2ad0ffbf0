"""Personal data in comments is masked before it reaches paper."""

import pytest

from survey.reports.masking import MASK_EMAIL, MASK_ID, MASK_PHONE, mask_personal

PHONES = ["0912 345 678", "0912345678", "0912.345.678", "0912-345-678", "091 234 5678",
          "+84 912345678", "+84 912 345 678", "(+84) 912 345 678", "0084 912 345 678",
          "84912345678", "0210 3845 678", "02103845678", "(0912) 345 678"]
IDS = ["025123456789", "025 123 456 789", "123456789"]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_masked(phone):
    assert mask_personal(f"gọi {phone} nhé.") == f"gọi {MASK_PHONE} nhé."


@pytest.mark.parametrize("number", IDS)
def test_id_numbers_are_masked(number):
    assert mask_personal(f"CCCD {number}, cấp 2021") == f"CCCD {MASK_ID}, cấp 2021"


@pytest.mark.parametrize("address", ["nguyenvana@gmail.com", "a.b+c@so-noivu.phutho.gov.vn"])
def test_email_addresses_are_masked(address):
    assert mask_personal(f"Liên hệ: {address}.") == f"Liên hệ: {MASK_EMAIL}."


@pytest.mark.parametrize("text", [
    "Ngày 28/11/2026 tôi đến lúc 8.30",
    "Lệ phí 150.000.000 đồng là quá cao",
    "Mã hồ sơ 000.00.12.H34-261128-0001",
    "Chờ 45 phút, tầng 2, quầy số 12",
    "Năm 2026 có 12 tháng",
])
def test_other_numbers_are_kept(text):
    assert mask_personal(text) == text


def test_several_in_one_comment_and_neighbouring_numbers():
    text = "Tầng 2 0912345678, email x@y.vn, CMND 123456789"
    assert mask_personal(text) == f"Tầng 2 {MASK_PHONE}, email {MASK_EMAIL}, CMND {MASK_ID}"


def test_empty_text():
    assert mask_personal(None) == ""
    assert mask_personal("") == ""
