import django.db.models.deletion
from django.db import migrations, models

import talapker.filings.storage


class Migration(migrations.Migration):

    dependencies = [
        ("filings", "0004_version_totals"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScanPage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("page", models.PositiveIntegerField(verbose_name="page")),
                ("text", models.TextField(blank=True, verbose_name="text")),
                ("text_key", models.TextField(blank=True, verbose_name="search key")),
                ("method", models.CharField(choices=[("text", "text layer of the PDF"), ("ocr", "optical character recognition"), ("none", "no text")], max_length=8, verbose_name="method")),
                ("image", models.FileField(blank=True, storage=talapker.filings.storage.PrivateStorage(), upload_to="scan-pages/", verbose_name="page image (PNG)")),
                ("width", models.PositiveIntegerField(default=0, verbose_name="width in pixels")),
                ("height", models.PositiveIntegerField(default=0, verbose_name="height in pixels")),
                ("extracted_at", models.DateTimeField(verbose_name="extracted at")),
                ("version", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="scan_pages", to="filings.reportversion", verbose_name="report version")),
            ],
            options={
                "verbose_name": "scan page",
                "verbose_name_plural": "scan pages",
                "ordering": ["version", "page"],
                "constraints": [models.UniqueConstraint(fields=("version", "page"), name="scan_page_once")],
            },
        ),
    ]
