"""covering indexes for counting the statistics

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 06:00:00

The statistics read, per response of a period, its unit, form, flags and every answer's
item key and value (queries.respondent_rows). These two indexes hold exactly those
columns, so SQLite answers the query from the indexes alone (bench/stats.py: the
province comparison drops well under the 2 s budget).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('response_date_counting', 'response',
                    ['local_date', 'unit_id', 'excluded', 'questionnaire_id', 'verified',
                     'flags'], unique=False)
    op.create_index('answer_response_item_value', 'answer',
                    ['response_id', 'item_key', 'value'], unique=False)


def downgrade():
    op.drop_index('answer_response_item_value', table_name='answer')
    op.drop_index('response_date_counting', table_name='response')
