"""`manage.py ensure_bucket`: create the object storage's bucket if it is missing, and refuse to
go on with a bucket that anyone may read."""

import json

from botocore.exceptions import ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage

# Grantees of an ACL that stand for everyone (S3's predefined groups).
EVERYONE = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}
MISSING_BUCKET = {"404", "NoSuchBucket"}
NO_POLICY = {"NoSuchBucketPolicy"}


def public_grants(client, bucket: str) -> list[str]:
    """What makes `bucket` readable without a signature: ACL grants to everyone, or policy
    statements that allow anyone (MinIO's `mc anonymous set` writes such a policy)."""
    found = [
        f"the ACL grants {grant['Permission']} to {grant['Grantee']['URI']}"
        for grant in client.get_bucket_acl(Bucket=bucket)["Grants"]
        if grant["Grantee"].get("URI") in EVERYONE
    ]
    try:
        policy = json.loads(client.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as error:
        if error.response["Error"]["Code"] not in NO_POLICY:
            raise
        return found
    statements = policy.get("Statement", [])
    for statement in statements if isinstance(statements, list) else [statements]:
        principal = statement.get("Principal")
        anyone = principal.get("AWS") if isinstance(principal, dict) else principal
        anyone = anyone if isinstance(anyone, list) else [anyone]
        if statement.get("Effect") == "Allow" and "*" in anyone:
            found.append(f"the bucket policy allows {statement.get('Action')} to anyone")
    return found


class Command(BaseCommand):
    help = (
        "Create the bucket of AWS_STORAGE_BUCKET_NAME if it is missing, private; fail if the "
        "bucket lets anyone read it. Does nothing when files are kept in MEDIA_ROOT."
    )

    def handle(self, **options) -> None:
        storage = storages["default"]
        if not isinstance(storage, S3Storage):
            self.stdout.write("Files are kept in the folder MEDIA_ROOT: there is no bucket.")
            return
        client, bucket = storage.connection.meta.client, storage.bucket_name
        try:
            client.head_bucket(Bucket=bucket)
            self.stdout.write(f"Bucket {bucket} exists.")
        except ClientError as error:
            if error.response["Error"]["Code"] not in MISSING_BUCKET:
                raise CommandError(f"Bucket {bucket} cannot be reached: {error}") from error
            region = client.meta.region_name
            # S3 wants the region named unless it is its first one.
            where = (
                {}
                if region in (None, "us-east-1")
                else {"CreateBucketConfiguration": {"LocationConstraint": region}}
            )
            client.create_bucket(Bucket=bucket, **where)
            self.stdout.write(f"Bucket {bucket} created, private.")
        if found := public_grants(client, bucket):
            raise CommandError(
                f"Bucket {bucket} is readable by anyone ({'; '.join(found)}). Uploads and "
                "exports hold personal data: make the bucket private (with MinIO: "
                "`mc anonymous set none ALIAS/BUCKET`) and run this command again."
            )
        self.stdout.write(f"Bucket {bucket} is private.")
