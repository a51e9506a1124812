CREATE TABLE `doc_writers` (
	`doc_name` text NOT NULL,
	`client_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	PRIMARY KEY(`doc_name`, `client_id`)
);
