"""The S3 request signer against the worked examples of the S3 documentation (SigV4, header signing)."""

from datetime import UTC, datetime

from portfolio_app.transfer.sigv4 import Credentials, signed_headers

EXAMPLE = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
WHEN = datetime(2013, 5, 24, tzinfo=UTC)


def _signature(headers: dict[str, str]) -> str:
    return headers["Authorization"].rsplit("Signature=", 1)[1]


def test_get_object_example():
    headers = signed_headers(
        "GET",
        "https://examplebucket.s3.amazonaws.com/test.txt",
        EXAMPLE,
        "us-east-1",
        headers={"Range": "bytes=0-9"},
        now=WHEN,
    )
    assert "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date," in headers["Authorization"]
    assert _signature(headers) == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"


def test_list_objects_example():
    headers = signed_headers(
        "GET", "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", EXAMPLE, "us-east-1", now=WHEN
    )
    assert _signature(headers) == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
