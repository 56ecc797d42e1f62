"""The signature counters move from the proposal row into shards (SignatureCount), so that
signers no longer queue behind one row lock; the counts so far become shard 0. The receipt
hash keeps one plain index instead of two."""

import django.db.models.deletion
from django.db import migrations, models


def counts_to_shards(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    SignatureCount = apps.get_model("proposals", "SignatureCount")
    SignatureCount.objects.bulk_create(
        SignatureCount(proposal_id=pk, shard=0, online=online, paper=paper)
        for pk, online, paper in Proposal.objects.values_list(
            "pk", "signatures_online", "signatures_paper"
        )
        if online or paper
    )


def shards_to_counts(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    SignatureCount = apps.get_model("proposals", "SignatureCount")
    sums = SignatureCount.objects.values("proposal").annotate(
        online=models.Sum("online"), paper=models.Sum("paper")
    )
    for row in sums:
        Proposal.objects.filter(pk=row["proposal"]).update(
            signatures_online=row["online"], signatures_paper=row["paper"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_coproposer_email_erasable"),
    ]

    operations = [
        migrations.CreateModel(
            name="SignatureCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("shard", models.PositiveSmallIntegerField()),
                ("online", models.IntegerField(default=0)),
                ("paper", models.IntegerField(default=0)),
                (
                    "proposal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="proposals.proposal",
                    ),
                ),
            ],
            options={
                "verbose_name": "signature count",
                "verbose_name_plural": "signature counts",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("proposal", "shard"), name="proposals_count_shard"
                    )
                ],
            },
        ),
        migrations.RunPython(counts_to_shards, shards_to_counts),
        migrations.RemoveField(model_name="proposal", name="signatures_online"),
        migrations.RemoveField(model_name="proposal", name="signatures_paper"),
        migrations.AlterField(
            model_name="signature",
            name="receipt_hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(fields=["receipt_hash"], name="proposals_signature_receipt"),
        ),
    ]
