FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY backend ./backend
COPY alembic ./alembic
RUN pip install --no-cache-dir .
RUN useradd --create-home pingcrm
USER pingcrm
EXPOSE 8000
CMD ["pingcrm", "serve", "--host", "0.0.0.0", "--port", "8000"]
