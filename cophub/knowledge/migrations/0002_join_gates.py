"""Join policies for communities, and join requests and invitations."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('knowledge', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Communities that exist already stay open, so nothing changes for their
        # members the day the gate arrives; every community made afterwards asks for
        # approval unless its facilitator opens it.
        migrations.AddField(
            model_name='community',
            name='join_policy',
            field=models.CharField(choices=[('open', 'Open: anyone joins at once'), ('request', 'By request: a facilitator approves'), ('invitation', 'By invitation only')], default='open', max_length=12, verbose_name='who may join'),
        ),
        migrations.AlterField(
            model_name='community',
            name='join_policy',
            field=models.CharField(choices=[('open', 'Open: anyone joins at once'), ('request', 'By request: a facilitator approves'), ('invitation', 'By invitation only')], default='request', max_length=12, verbose_name='who may join'),
        ),
        migrations.CreateModel(
            name='JoinRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('request', 'Request to join'), ('invitation', 'Invitation')], max_length=12)),
                ('status', models.CharField(choices=[('pending', 'Waiting'), ('approved', 'Approved'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='pending', max_length=10)),
                ('role', models.CharField(choices=[('sponsor', 'Sponsor (คุณเอื้อ)'), ('facilitator', 'Facilitator (คุณอำนวย)'), ('practitioner', 'Practitioner (คุณกิจ)'), ('note_taker', 'Note taker (คุณลิขิต)')], default='practitioner', max_length=20, verbose_name='role')),
                ('message', models.TextField(blank=True, verbose_name='message')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='join_requests', to='knowledge.community')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='join_requests', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['community', 'created_at', 'pk'],
                'indexes': [models.Index(fields=['community', 'status'], name='knowledge_j_communi_61cfda_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('community', 'user'), name='one_pending_join_request')],
            },
        ),
    ]
