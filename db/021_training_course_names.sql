-- How a course or competence name in an ESR/OLM learning export maps to a course in the training
-- catalogue, remembered from one import to the next. `course_code` NULL means "ignore this course"
-- (a course the station's catalogue does not track). Keyed by the name with case and punctuation
-- folded, so "NHS|CSTF|Fire Safety - 2 Years|" and "nhs cstf fire safety 2 years" are one name.
CREATE TABLE training_course_names (
    name_key     TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    course_code  TEXT,
    updated_at   TEXT NOT NULL
);
