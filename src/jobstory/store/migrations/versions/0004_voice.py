"""voice answers: recordings (transcript, confidence, audio only when kept), studies.keep_audio

Revision ID: 0004
Revises: 0003

Nothing existing changes meaning: every study gains `keep_audio = false` (audio is deleted
after transcription unless a study asks to keep it).
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recordings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('transcript', sa.JSON(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=True),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('transcriber', sa.String(length=50), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=True),
    sa.Column('audio', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('participant_id', 'idempotency_key', name='uq_recording_key')
    )
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordings_participant_id'), ['participant_id'],
                              unique=False)
    # Plain ALTER TABLE ... ADD COLUMN with a literal default (SQLite takes `false` since
    # 3.23): a batch copy of `studies` would drop a table that other tables' foreign keys
    # point at, which SQLite refuses as soon as a participant exists.
    op.add_column('studies', sa.Column('keep_audio', sa.Boolean(), nullable=False,
                                       server_default=sa.text('false')))


def downgrade() -> None:
    op.drop_column('studies', 'keep_audio')  # plain DROP COLUMN (SQLite 3.35+), as above
    with op.batch_alter_table('recordings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordings_participant_id'))
    op.drop_table('recordings')
